/**
 * Focus a form field by its stepErrors key on whatever step is showing: a check's fix links to the field
 * it is about. Fields are found by their visible label (what the user sees), so the steps need no ids.
 */
const labels: Record<string, string> = {
  regionendpoint: 'Region endpoint',
  ca: 'Root CA certificate',
  credentials: 'AWS access key',
  secretKey: 'AWS secret key',
  region: 'AWS Region name',
  bucket: 'S3 bucket name',
  encrypt: 'Encrypt objects (encrypt)',
  storageclass: 'Storage class (storageclass)',
  forcepathstyle: 'Path-style addressing (forcepathstyle)',
  rootdirectory: 'Root directory',
};
/** Radio groups: their legend, and the chosen radio gets focus. */
const legends: Record<string, string> = {
  policyFlavor: 'Policy flavour',
  trustMode: 'How clients trust the storage',
};

const clean = (text: string | null) => (text ?? '').replace(/\s*\*\s*$/, '').trim();

function findField(root: ParentNode, field: string): HTMLElement | undefined {
  const label = labels[field];
  if (label) {
    const found = [...root.querySelectorAll('label')].find((l) => clean(l.textContent) === label);
    return found?.control ?? undefined;
  }
  const legend = legends[field];
  const set = legend ? [...root.querySelectorAll('fieldset')].find((f) => clean(f.querySelector('legend')?.textContent ?? '') === legend) : undefined;
  return set?.querySelector<HTMLElement>('input:checked') ?? set?.querySelector<HTMLElement>('input') ?? undefined;
}

/** Focus the field (opening a folded section it sits in), or say it is not on the page. */
export function focusField(root: ParentNode, field: string): boolean {
  const element = findField(root, field);
  if (!element) return false;
  const folded = element.closest('details');
  if (folded && !folded.open) folded.open = true;
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: 'center' });
  return true;
}

/** The step's view may still be loading (the storage form is a lazy chunk): try for a bounded number of frames. */
export function focusFieldWhenShown(root: ParentNode, field: string, frames = 300): void {
  if (focusField(root, field) || frames <= 0) return;
  requestAnimationFrame(() => focusFieldWhenShown(root, field, frames - 1));
}
