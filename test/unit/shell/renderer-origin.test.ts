import { describe, expect, it } from 'vitest';
import { isRendererUrl } from '../../../electron/ipc/renderer-origin';

describe('the IPC sender check: is this page our renderer?', () => {
  it('accepts pages of app://renderer only', () => {
    expect(isRendererUrl('app://renderer/index.html')).toBe(true);
    expect(isRendererUrl('app://renderer/index.html#step=2')).toBe(true);
    for (const url of [
      'app://renderer.evil/index.html',
      'app://evil/index.html',
      'app://user@renderer/index.html',
      'file:///work/out/renderer/index.html',
      'data:text/html,<script>1</script>',
      'about:blank',
      'http://renderer/index.html',
      'https://docs.docker.com/',
      '',
      'null',
    ]) {
      expect(isRendererUrl(url), url).toBe(false);
    }
  });
});
