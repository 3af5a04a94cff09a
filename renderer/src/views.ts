import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * Top-level views beside the wizard (the header's view switch). The saved-profiles / re-check screen
 * (renderer/src/recheck/, its own owner) mounts here with one line, e.g.
 *   { id: 'profiles', label: 'Saved profiles', component: lazy(() => import('./recheck/ProfilesView')) }
 * Each view is loaded lazily so it never weighs on the wizard's first paint.
 */
export interface ExtraView {
  id: string;
  label: string;
  component: LazyExoticComponent<ComponentType>;
}

export const extraViews: ExtraView[] = [
  { id: 'profiles', label: 'Saved profiles', component: lazy(() => import('./recheck/ProfilesView')) },
];
