// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary.tsx';

function Boom(): never {
  throw new Error('verdict engine met a cycle');
}

describe('ErrorBoundary', () => {
  it('shows the failure in place of the view and leaves its siblings rendered', () => {
    const root = document.createElement('div');
    // act() flushes the boundary's re-render, which Preact schedules after the throw.
    void act(() =>
      render(
        <div>
          <p id="sibling">requests still here</p>
          <ErrorBoundary name="data">
            <Boom />
          </ErrorBoundary>
        </div>,
        root,
      ),
    );
    expect(root.querySelector('#sibling')?.textContent).toBe('requests still here');
    const alert = root.querySelector('[data-testid="view-error"]');
    expect(alert?.textContent).toContain('The data view could not be shown');
    expect(alert?.textContent).toContain('Error: verdict engine met a cycle');
  });

  it('renders its children when nothing throws', () => {
    const root = document.createElement('div');
    render(
      <ErrorBoundary name="requests">
        <span id="ok">fine</span>
      </ErrorBoundary>,
      root,
    );
    expect(root.querySelector('#ok')?.textContent).toBe('fine');
    expect(root.querySelector('[data-testid="view-error"]')).toBeNull();
  });
});
