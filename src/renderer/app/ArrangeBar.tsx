// The arrange tool's options: align, distribute, same size and re-flow, as icon buttons over the
// action registry (the same actions as the Figure menu and the palette; greyed out when they
// cannot run: align needs two selected panels, distribute three).
import {
  AlignCenterHorizontal,
  AlignCenterVertical,
  AlignEndHorizontal,
  AlignEndVertical,
  AlignHorizontalDistributeCenter,
  AlignStartHorizontal,
  AlignStartVertical,
  AlignVerticalDistributeCenter,
  LayoutGrid,
  StretchHorizontal,
  StretchVertical,
  type LucideIcon,
} from 'lucide-react';
import { useActions } from '../actions/ActionsContext';

const BUTTONS: [string, LucideIcon][] = [
  ['layout.alignLeft', AlignStartVertical],
  ['layout.alignHCentre', AlignCenterVertical],
  ['layout.alignRight', AlignEndVertical],
  ['layout.alignTop', AlignStartHorizontal],
  ['layout.alignVCentre', AlignCenterHorizontal],
  ['layout.alignBottom', AlignEndHorizontal],
  ['layout.distributeH', AlignHorizontalDistributeCenter],
  ['layout.distributeV', AlignVerticalDistributeCenter],
  ['layout.sameWidth', StretchHorizontal],
  ['layout.sameHeight', StretchVertical],
  ['layout.reflow', LayoutGrid],
];

export function ArrangeBar() {
  const actions = useActions(BUTTONS.map(([id]) => id));
  return (
    <span className="group" role="group" aria-label="Arrange panels" data-testid="arrange-bar">
      {actions.map((a, i) => {
        const Icon = BUTTONS[i][1];
        return (
          <button key={a.id} className="icon" title={a.title} aria-label={a.label} disabled={!a.enabled} onClick={a.run} data-testid={a.id}>
            <Icon size={16} aria-hidden />
          </button>
        );
      })}
    </span>
  );
}
