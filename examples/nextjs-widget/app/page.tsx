export default function Home() {
  return (
    <main>
      <h1>Acme Shop</h1>
      <p>Questions about an order?</p>
      <button type="button" data-bacon-action="open">
        Chat with us
      </button>
    </main>
  );
}
