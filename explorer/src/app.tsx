/** The page frame: a skip link, the navigation, and the page the address names. */
import type { ExplorerConfig } from "./config.js";
import { ConfigContext } from "./context.js";
import { DisputesPage } from "./pages/Disputes.js";
import { GovernancePage } from "./pages/Governance.js";
import { JobPage } from "./pages/Job.js";
import { JobsPage } from "./pages/Jobs.js";
import { ModelsPage } from "./pages/Models.js";
import { OverviewPage } from "./pages/Overview.js";
import { PostPage } from "./pages/Post.js";
import { ProviderPage } from "./pages/Provider.js";
import { ProvidersPage } from "./pages/Providers.js";
import { href, type Route, useRoute } from "./route.js";

const SECTIONS = [
  ["", "Market"],
  ["jobs", "Jobs"],
  ["providers", "Providers"],
  ["models", "Models"],
  ["disputes", "Disputes"],
  ["governance", "Governance"],
  ["post", "Post a job"],
] as const;

function Page({ route }: { route: Route }) {
  const [section = "", id] = route.path;
  if (section === "jobs") return id ? <JobPage id={id} /> : <JobsPage route={route} />;
  if (section === "providers") return id ? <ProviderPage address={id} /> : <ProvidersPage />;
  if (section === "models") return <ModelsPage />;
  if (section === "disputes") return <DisputesPage />;
  if (section === "governance") return <GovernancePage />;
  if (section === "post") return <PostPage />;
  if (section === "") return <OverviewPage />;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <p>
        Nothing lives at “{section}”. <a href={href("")}>Back to the market</a>.
      </p>
    </section>
  );
}

export function App({ config }: { config: ExplorerConfig }) {
  const route = useRoute();
  const current = route.path[0] ?? "";
  return (
    <ConfigContext.Provider value={config}>
      {/* A button, not a link: "#main" would be read as a route. */}
      <button type="button" class="skip" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header>
        <p class="brand">Verity explorer</p>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map(([path, label]) => (
              <li key={path}>
                <a href={href(path)} aria-current={current === path ? "page" : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="source">
          indexer <span class="mono">{config.graphqlUrl}</span>
          {config.chainId !== null ? ` · chain ${config.chainId}` : ""}
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </ConfigContext.Provider>
  );
}
