import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { signOut, useSession, type Session } from './auth/use-session';
import { Loading, ProblemAlert } from './components/ui';
import { SignInPage, SignUpPage } from './features/auth/auth-pages';
import { HomePage } from './features/home/home-page';

// Pages load on first visit, so the sign-in screen ships only what it needs.
const UploadPage = lazy(() => import('./features/upload/upload-page'));
const StatementsPage = lazy(() => import('./features/statements/statements-page'));
const StatementPage = lazy(() => import('./features/statements/statement-page'));
const TransactionsPage = lazy(() => import('./features/transactions/transactions-page'));
const RulesPage = lazy(() => import('./features/rules/rules-page'));
const ReportsPage = lazy(() => import('./features/reports/reports-page'));
const TasksPage = lazy(() => import('./features/tasks/tasks-page'));
const InvoicesPage = lazy(() => import('./features/invoices/invoices-page'));
const InvoicePage = lazy(() => import('./features/invoices/invoice-page'));
const MembersPage = lazy(() => import('./features/members/members-page'));

/** Client routes live under /app: the API owns /statements, /rules, … (a reload must reach the SPA). */
const NAV: { href: string; label: string; admin?: boolean }[] = [
  { href: '/app', label: 'Overview' },
  { href: '/app/upload', label: 'Upload' },
  { href: '/app/statements', label: 'Statements' },
  { href: '/app/transactions', label: 'Transactions' },
  { href: '/app/rules', label: 'Rules' },
  { href: '/app/reports', label: 'Reports' },
  { href: '/app/invoices', label: 'Invoices' },
  { href: '/app/tasks', label: 'Tasks' },
  { href: '/app/members', label: 'Members', admin: true },
];

export function App() {
  const session = useSession();
  const [location] = useLocation();
  if (location === '/' || location === '') return <Redirect to="/app" replace />;
  if (session.state === 'loading') return <Loading what="Opening Ledgerflow" />;
  if (session.state === 'signed-out') {
    return (
      <Switch>
        <Route path="/app/sign-up">
          <SignUpPage />
        </Route>
        <Route>
          <SignInPage expired={session.error} />
        </Route>
      </Switch>
    );
  }
  return (
    <Shell session={session}>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/app">
            <HomePage />
          </Route>
          <Route path="/app/sign-in">
            <Redirect to="/app" replace />
          </Route>
          <Route path="/app/sign-up">
            <Redirect to="/app" replace />
          </Route>
          <Route path="/app/upload">
            <UploadPage />
          </Route>
          <Route path="/app/statements">
            <StatementsPage />
          </Route>
          <Route path="/app/statements/:id">{(params) => <StatementPage id={params.id} />}</Route>
          <Route path="/app/transactions">
            <TransactionsPage />
          </Route>
          <Route path="/app/rules">
            <RulesPage />
          </Route>
          <Route path="/app/reports">
            <ReportsPage />
          </Route>
          <Route path="/app/invoices">
            <InvoicesPage />
          </Route>
          <Route path="/app/invoices/:id">{(params) => <InvoicePage id={params.id} />}</Route>
          <Route path="/app/tasks">
            <TasksPage isAdmin={session.isAdmin} />
          </Route>
          <Route path="/app/members">
            <MembersPage session={session} />
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}

function Shell({
  session,
  children,
}: {
  session: Extract<Session, { state: 'signed-in' }>;
  children: ReactNode;
}) {
  const [location] = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} /> Ledgerflow
        </p>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.admin || session.isAdmin).map((item) => {
              const current = item.href === '/app' ? location === '/app' : location.startsWith(item.href);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="whoami">
          <p>
            <strong>{session.me.user.name}</strong>
            <br />
            {session.me.organization.name} · {session.me.role}
          </p>
          <button type="button" className="button-link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NotFound() {
  return (
    <ProblemAlert error={{ code: 'NOT_FOUND', message: 'There is no page at this address.' }}>
      <p>
        <Link href="/app">Go to the overview</Link>
      </p>
    </ProblemAlert>
  );
}
