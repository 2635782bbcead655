/** A routed page: its root element, a title, and clean-up when the route changes. */
export interface Page {
  readonly element: HTMLElement;
  readonly title: string;
  dispose?(): void;
}
