import packageJson from '../../package.json';

/** The app's name and version (package.json is bundled in, so this works in the app, CLI and tests). */
export function appInfo(): { name: string; version: string } {
  return { name: packageJson.productName ?? packageJson.name, version: packageJson.version };
}
