import { useState } from 'preact/hooks';
import type { Me } from '../../common/me';
import { Api, ApiError } from './api';
import { ErrorLine } from './parts';

/** Asks for an API token (`npm start` prints the first admin one; `siteshift tokens add` makes more) and checks it. */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string, me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const api = new Api(token.trim());
    try {
      onSignedIn(api.token, await api.get<Me>('/v1/me'));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.problem.status === 401 ? 'This token is not valid.' : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>siteshift console</h1>
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
        <ErrorLine error={error} />
        <p class="hint">
          The token <code>npm start</code> printed on its first run, or one from <code>siteshift tokens add &lt;name&gt; --role …</code>.
        </p>
      </form>
    </main>
  );
}
