// Tells the user when a download finishes or fails while the tab is in the background: a count in the page title
// until the tab is looked at again, and a system notification when the user allowed them.

import { isNews, shownState } from './download-state.js';

export function createNotifier(baseTitle) {
  let unseen = 0;
  let title = baseTitle();

  function showTitle() {
    title = baseTitle();
    document.title = unseen > 0 ? `(${unseen}) ${title}` : title;
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      unseen = 0;
      showTitle();
    }
  });

  /** Asks once, on the user's first click (browsers only allow asking from a gesture). */
  document.addEventListener('click', () => {
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission();
  }, { once: true });

  return {
    /** A download changed from {@code before} (its previous state, or undefined) to {@code download}. */
    changed(before, download) {
      const state = shownState(download);
      if (!document.hidden || !isNews(before, state)) return;
      unseen++;
      showTitle();
      const text = state === 'completed' ? `${download.name} downloaded` : `${download.name} failed`;
      if ('Notification' in window && Notification.permission === 'granted') {
        new Notification(text, { body: download.error || '', tag: download.id });
      }
    },
    /** The node's name changed: the title follows. */
    refresh: showTitle,
  };
}
