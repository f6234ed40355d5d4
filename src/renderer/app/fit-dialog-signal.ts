// Opens the "Fit figure to size" dialog from the action registry without a new host method
// (and without the registry importing the dialog's React and imaging code).
let open = false;
const listeners = new Set<() => void>();

export const fitDialog = {
  isOpen: (): boolean => open,
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  set(v: boolean): void {
    open = v;
    listeners.forEach((l) => l());
  },
};

/** Shows the dialog (the registry's figure.fitToSize). */
export const requestFitDialog = (): void => fitDialog.set(true);
