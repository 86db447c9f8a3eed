import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { auth } from '../../api/endpoints';
import { Field, Page, ProblemAlert } from '../../components/ui';

function AuthFrame({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="auth-frame">
      <p className="brand brand-large">
        <img src="/favicon.svg" alt="" width={32} height={32} /> Ledgerflow
      </p>
      <div className="card auth-card">{children}</div>
    </main>
  );
}

export function SignInPage({ expired }: { expired?: unknown }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => auth.login({ email, password }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <AuthFrame>
      <Page title="Sign in">
        {expired && !signIn.error ? <ProblemAlert error={expired} /> : null}
        <form onSubmit={submit} className="stack">
          <Field label="Email">
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Password">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <ProblemAlert error={signIn.error} />
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p>
          New to Ledgerflow? <Link href="/app/sign-up">Create an account</Link>
        </p>
      </Page>
    </AuthFrame>
  );
}

export function SignUpPage() {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '', organization_name: '' });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const signUp = useMutation({
    mutationFn: () => auth.register(form),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate();
  };
  return (
    <AuthFrame>
      <Page title="Create your account">
        <form onSubmit={submit} className="stack">
          <Field label="Your name">
            {(p) => (
              <input
                {...p}
                autoComplete="name"
                required
                maxLength={200}
                value={form.name}
                onChange={set('name')}
              />
            )}
          </Field>
          <Field label="Email">
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="email"
                required
                value={form.email}
                onChange={set('email')}
              />
            )}
          </Field>
          <Field label="Password" hint="At least 12 characters; a few words you will remember work well.">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                required
                minLength={12}
                value={form.password}
                onChange={set('password')}
              />
            )}
          </Field>
          <Field label="Organization" hint="Your practice or business; you can invite colleagues later.">
            {(p) => (
              <input
                {...p}
                autoComplete="organization"
                required
                maxLength={200}
                value={form.organization_name}
                onChange={set('organization_name')}
              />
            )}
          </Field>
          <ProblemAlert error={signUp.error} />
          <button type="submit" className="primary" disabled={signUp.isPending}>
            {signUp.isPending ? 'Creating…' : 'Create account'}
          </button>
        </form>
        <p>
          Already have an account? <Link href="/app/sign-in">Sign in</Link>
        </p>
      </Page>
    </AuthFrame>
  );
}
