// What the list shows when it has nothing to show, and what to do about it.

import { usePanel } from '../context.ts';

export function EmptyState() {
  const { store, dispatch } = usePanel();
  const filtered = store.filterText.value.trim() !== '' && store.plasmaRows.value.length > 0;
  const hidden = store.hiddenCount.value;
  return (
    <div class="empty" data-testid="empty-state">
      {filtered ? (
        <>
          <h2>No request matches “{store.filterText.value}”</h2>
          <button class="link" onClick={() => dispatch({ type: 'setFilter', text: '' })}>
            Clear the filter
          </button>
        </>
      ) : (
        <>
          <h2>No plasma sync traffic seen yet</h2>
          <p>
            Reload the page or make the app push or pull: requests to <code>…/push</code> and <code>…/pull</code> appear
            here as they finish. Requests made before DevTools was opened cannot be recovered.
          </p>
          {hidden > 0 && (
            <p>
              {hidden} other requests were seen.{' '}
              <button class="link" onClick={() => dispatch({ type: 'setShowAll', on: true })}>
                Show them
              </button>{' '}
              to check the sync endpoint.
            </p>
          )}
        </>
      )}
    </div>
  );
}
