// Keeps one failing view from blanking the panel: whatever a view throws while rendering (a
// parser or engine bug met on hostile data) is shown in its place, and the rest keeps working.

import { Component, type ComponentChildren } from 'preact';

interface Props {
  name: string;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { error: string | null }> {
  override state: { error: string | null } = { error: null };

  static override getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div class="empty" role="alert" data-testid="view-error">
        <h2>The {this.props.name} view could not be shown</h2>
        <p>
          {this.state.error}. Nothing captured is lost: the other views still work.{' '}
          <button class="link" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </p>
      </div>
    );
  }
}
