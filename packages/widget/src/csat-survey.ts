/**
 * The CSAT survey shown after a close: the question, five radio buttons (1 to 5, a fieldset so
 * screen readers read the question with each), an optional comment and a Send button; then a thank-you
 * line. `answer` rejects when the answer could not be saved (the form stays, with an alert).
 */
export function csatSurvey(question: string, answer: (rating: number, comment: string) => Promise<void>): HTMLElement {
  const form = document.createElement('form');
  form.className = 'csat';
  const set = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = question;
  const scale = document.createElement('div');
  scale.className = 'scale';
  for (let n = 1; n <= 5; n++) {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'rating';
    radio.value = String(n);
    radio.required = true;
    radio.setAttribute('aria-label', `${n} of 5${n === 1 ? ', poor' : n === 5 ? ', excellent' : ''}`);
    label.append(radio, String(n));
    scale.append(label);
  }
  const comment = document.createElement('textarea');
  comment.rows = 2;
  comment.maxLength = 2000;
  comment.setAttribute('aria-label', 'Comment (optional)');
  comment.placeholder = 'Comment (optional)';
  const send = document.createElement('button');
  send.type = 'submit';
  send.className = 'send';
  send.textContent = 'Send rating';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  set.append(legend, scale, comment, send);
  form.append(set, status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const rating = Number(new FormData(form).get('rating'));
    if (!rating) return;
    send.disabled = true;
    answer(rating, comment.value.trim()).then(
      () => {
        set.remove();
        status.textContent = 'Thank you for your feedback!';
      },
      () => {
        send.disabled = false;
        status.setAttribute('role', 'alert');
        status.textContent = 'Your rating could not be sent. Please try again.';
      },
    );
  });
  return form;
}
