/** Seconds on a page at which the widget reports it (0: when it loads), for time-on-page rules. */
const MARKS = [0, 15, 30, 60, 120, 300];

/**
 * Reports the page the visitor is on: when it loads, when the URL changes (a single-page app's
 * navigation, checked every 2 s), then at each mark of time on it. At most one report per mark.
 */
export function watchPages(report: (seconds: number, previous?: number) => void): void {
  let url = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const at = (i: number, previous?: number) => {
    report(MARKS[i]!, previous);
    if (i + 1 < MARKS.length) timer = setTimeout(() => at(i + 1, MARKS[i]), (MARKS[i + 1]! - MARKS[i]!) * 1000);
  };
  const check = () => {
    if (location.href === url) return;
    url = location.href;
    clearTimeout(timer);
    at(0);
  };
  check();
  setInterval(check, 2000);
}
