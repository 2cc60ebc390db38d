import type { monaco } from './monaco-setup.js';

type ScrollingEditor = Pick<monaco.editor.ICodeEditor, 'getDomNode' | 'getScrollLeft' | 'setScrollLeft'>;

/** Monaco's inner nodes that it moves itself (by style), never by their DOM scroll offset. */
const INNER_NODES = ['.overflow-guard', '.editor-scrollable', '.lines-content'];

/**
 * The browser may reveal something inside the editor (a click, a focus, an element scrolled into
 * view) by setting `scrollLeft` on one of Monaco's inner nodes. Monaco moves such a vertical offset
 * into its own scroll position but leaves a horizontal one on these nodes, where neither its
 * scrollbar nor `setScrollLeft` sees it: the code then stays cut off on the left for good. Moving
 * it into Monaco's position keeps the same view and lets Monaco scroll it back.
 */
export function guardHorizontalReveal(editor: ScrollingEditor): { dispose: () => void } {
  const nodes = INNER_NODES.map((selector) => editor.getDomNode()?.querySelector<HTMLElement>(selector)).filter((node): node is HTMLElement => !!node);
  const onScroll = (event: Event) => {
    const node = event.currentTarget as HTMLElement;
    const offset = node.scrollLeft;
    if (offset === 0) return;
    node.scrollLeft = 0;
    editor.setScrollLeft(editor.getScrollLeft() + offset);
  };
  for (const node of nodes) node.addEventListener('scroll', onScroll);
  return {
    dispose: () => {
      for (const node of nodes) node.removeEventListener('scroll', onScroll);
    },
  };
}
