// User settings persisted in the user data folder: defaults for new shapes, journal preset,
// export DPI, microscope profiles. Validated like every document.
import { z } from 'zod';
import { Style, DEFAULT_STYLE } from './figure/schema';

export const MicroscopeProfileSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  objective: z.number().positive().max(1000),
  cameraPixelUm: z.number().positive().max(1000),
  relay: z.number().positive().max(100).default(1),
  binning: z.number().int().min(1).max(16).optional(),
  example: z.boolean().optional(),
  note: z.string().max(500).optional(),
});

export const Settings = z.object({
  defaultStyle: Style.default(DEFAULT_STYLE),
  journal: z.string().max(64).default('custom'),
  exportDpi: z.number().min(30).max(2400).default(600),
  exportFormat: z.enum(['png', 'tiff', 'jpeg', 'pdf', 'svg']).default('png'),
  microscopeProfiles: z.array(MicroscopeProfileSchema).max(200).nullable().default(null),
  theme: z.enum(['dark', 'light']).default('dark'),
});
export type Settings = z.infer<typeof Settings>;
