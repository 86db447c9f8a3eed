import { Page } from '../../components/ui';
export default function P(_props: { id: string }) {
  return (
    <Page title="Invoice">
      <p>
        This page is not in the web app yet; the API offers it (see <a href="/docs">/docs</a>).
      </p>
    </Page>
  );
}
