import { Content, Header, Page } from '@backstage/core-components';
import { ReleasesContent } from './ReleasesContent';

/**
 * The Releases page for apps on the legacy frontend system.
 *
 * @public
 */
export const ReleasesPage = () => (
  <Page themeId="tool">
    <Header
      title="Releases"
      subtitle="Every rollout in flight across the catalog"
    />
    <Content>
      <ReleasesContent />
    </Content>
  </Page>
);
