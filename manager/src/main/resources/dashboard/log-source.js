// Which log the page shows, from its address: log.html?name=hello&version=1.0.0 is that version's
// output (without version: the main version's), plain log.html is the manager's own log.

export function logSourceOf(address) {
  const params = new URL(address).searchParams;
  const name = params.get('name');
  const version = params.get('version');
  if (!name) {
    return {
      title: 'Manager',
      fileName: 'daeploy-manager.log',
      url: options => `/logs/?${new URLSearchParams(options)}`,
    };
  }
  const which = version ? { name, version } : { name };
  return {
    title: version ? `${name} ${version}` : `${name} (main version)`,
    fileName: `${version ? `${name}_${version}` : name}.log`,
    url: options => `/services/~logs?${new URLSearchParams({ ...which, ...options })}`,
  };
}
