// CT window presets (center/width in HU), as radiology viewers (OHIF, Horos) name them.
import type { Window } from './types';

export interface WindowPreset extends Window {
  id: string;
  name: string;
}

export const CT_WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'soft-tissue', name: 'Soft tissue', center: 40, width: 400 },
  { id: 'bone', name: 'Bone', center: 300, width: 1500 },
  { id: 'bone-wide', name: 'Bone (wide)', center: 480, width: 2500 },
  { id: 'lung', name: 'Lung', center: -600, width: 1500 },
  { id: 'brain', name: 'Brain', center: 40, width: 80 },
  { id: 'mediastinum', name: 'Mediastinum', center: 50, width: 350 },
  { id: 'abdomen', name: 'Abdomen', center: 60, width: 400 },
  { id: 'liver', name: 'Liver', center: 60, width: 160 },
];

export function ctPreset(id: string): WindowPreset | undefined {
  return CT_WINDOW_PRESETS.find((p) => p.id === id);
}
