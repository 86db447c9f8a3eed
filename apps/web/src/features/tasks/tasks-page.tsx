import { Page } from '../../components/ui';
export default function P(_props: Record<string, unknown>) {
  return (
    <Page title="tasks-page">
      <p>
        This page is not in the web app yet; the API offers it (see <a href="/docs">/docs</a>).
      </p>
    </Page>
  );
}
