export interface TabsProps<T extends string> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  /** Each tab's value and its text. */
  tabs: readonly (readonly [T, string])[];
  /**
   * `tabs`: a row of tabs over a pane; `segmented`: a small switch inside a toolbar.
   * @default 'tabs'
   */
  variant?: 'tabs' | 'segmented';
  /** Gives each tab the id `<idPrefix>-tab-<value>` and points it at the panel `<idPrefix>-tabpanel-<value>`. */
  idPrefix?: string;
  /** The list's class, when its container already is the `tabs` row. */
  className?: string;
}

/** A tab list: the one way the page switches between panes. */
export function Tabs<T extends string>({ label, value, onChange, tabs, variant = 'tabs', idPrefix, className }: TabsProps<T>) {
  return (
    <div className={className ?? (variant === 'tabs' ? 'tabs' : 'segmented')} role="tablist" aria-label={label}>
      {tabs.map(([id, text]) => (
        <button
          key={id}
          type="button"
          role="tab"
          className={variant === 'tabs' ? 'tab' : undefined}
          aria-selected={value === id}
          onClick={() => onChange(id)}
          data-tab={id}
          id={idPrefix && `${idPrefix}-tab-${id}`}
          aria-controls={idPrefix && `${idPrefix}-tabpanel-${id}`}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
