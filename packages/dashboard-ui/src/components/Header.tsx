import { Link, useRoute } from "wouter";
import type { LiveState } from "../hooks/use-live-updates";

function NavLink({ href, label, match }: { href: string; label: string; match: string }) {
  const [active] = useRoute(match);
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className="nav-link">
      {label}
    </Link>
  );
}

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Offline",
};

/** The page header: title, navigation and the live-stream state. */
export function Header({
  title,
  live,
  readOnly,
}: {
  title: string;
  live: LiveState;
  readOnly: boolean;
}) {
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <span className="app-title">{title}</span>
      <nav aria-label="Main">
        <NavLink href="/" label="Runs" match="/" />
        <NavLink href="/dlq" label="Dead letters" match="/dlq" />
        <NavLink href="/costs" label="Costs" match="/costs" />
      </nav>
      <span className="header-status">
        {readOnly && <span className="badge badge-muted">Read-only</span>}
        <span className={`live live-${live}`} data-testid="live-state">
          {LIVE_TEXT[live]}
        </span>
      </span>
    </header>
  );
}
