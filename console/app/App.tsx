import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../common/me';
import { Api } from './api';
import { FleetView } from './FleetView';
import { MigrationView } from './MigrationView';
import { ProtectionsView } from './protection-list';
import { ProtectionView } from './protection-page';
import { hrefOf, useRoute } from './route';
import { session } from './session';
import { SignIn } from './SignIn';
import { WaitingView } from './WaitingView';
import { WaveView } from './WaveView';

export interface Session {
  api: Api;
  me: Me;
}

export function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState<Session | undefined>();
  const [restoring, setRestoring] = useState(() => session.token() !== null);

  const signOut = () => {
    session.forget();
    setSignedIn(undefined);
  };
  // A reload keeps the tab's token: check it is still good before showing anything.
  useEffect(() => {
    const token = session.token();
    if (token === null) return;
    const api = new Api(token, signOut);
    api
      .get<Me>('/v1/me')
      .then((me) => setSignedIn({ api, me }))
      .catch(() => session.forget())
      .finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p class="loading">Loading…</p>;
  if (!signedIn) {
    return (
      <SignIn
        onSignedIn={(token, me) => {
          session.keep(token);
          setSignedIn({ api: new Api(token, signOut), me });
        }}
      />
    );
  }
  return (
    <>
      <header class="top">
        <a class="brand" href={hrefOf({ view: 'fleet' })}>
          siteshift
        </a>
        <nav>
          <a href={hrefOf({ view: 'fleet' })} aria-current={route.view === 'fleet' ? 'page' : undefined}>
            Fleet
          </a>
          <a href={hrefOf({ view: 'waiting' })} aria-current={route.view === 'waiting' ? 'page' : undefined}>
            Waiting for me
          </a>
          <a href={hrefOf({ view: 'protections' })} aria-current={route.view === 'protections' ? 'page' : undefined}>
            Protected
          </a>
        </nav>
        <span class="who" data-testid="signed-in-as">
          {signedIn.me.name} <span class="roles">({signedIn.me.roles.join(', ')})</span>
        </span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.view === 'fleet' && <FleetView session={signedIn} />}
        {route.view === 'waiting' && <WaitingView session={signedIn} />}
        {route.view === 'migration' && <MigrationView key={route.machineId} session={signedIn} machineId={route.machineId} />}
        {route.view === 'wave' && <WaveView key={route.name} session={signedIn} name={route.name} />}
        {route.view === 'protections' && <ProtectionsView session={signedIn} />}
        {route.view === 'protection' && <ProtectionView key={route.machineId} session={signedIn} machineId={route.machineId} />}
      </main>
    </>
  );
}
