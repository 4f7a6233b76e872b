import { useEffect, useState } from 'preact/hooks';

/**
 * The console's views, addressed by the URL's fragment: `#/`, `#/waiting`, `#/migrations/<machineId>`,
 * `#/waves/<name>`, `#/protections`, `#/protections/<machineId>`.
 */
export type Route =
  | { view: 'fleet' }
  | { view: 'waiting' }
  | { view: 'migration'; machineId: string }
  | { view: 'wave'; name: string }
  | { view: 'protections' }
  | { view: 'protection'; machineId: string };

export function routeOf(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/waiting') return { view: 'waiting' };
  if (path === '/protections') return { view: 'protections' };
  const protection = /^\/protections\/([^/]+)$/.exec(path);
  if (protection) return { view: 'protection', machineId: decodeURIComponent(protection[1]) };
  const migration = /^\/migrations\/([^/]+)$/.exec(path);
  if (migration) return { view: 'migration', machineId: decodeURIComponent(migration[1]) };
  const wave = /^\/waves\/([^/]+)$/.exec(path);
  if (wave) return { view: 'wave', name: decodeURIComponent(wave[1]) };
  return { view: 'fleet' };
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'fleet':
      return '#/';
    case 'waiting':
      return '#/waiting';
    case 'migration':
      return `#/migrations/${encodeURIComponent(route.machineId)}`;
    case 'wave':
      return `#/waves/${encodeURIComponent(route.name)}`;
    case 'protections':
      return '#/protections';
    case 'protection':
      return `#/protections/${encodeURIComponent(route.machineId)}`;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
