import { Link } from '../components/Link';

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go to <Link href="/connections">Connections</Link>.
      </p>
    </>
  );
}
