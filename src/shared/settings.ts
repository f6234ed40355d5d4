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

/** A DICOMweb server (QIDO/WADO/STOW base URLs). Its secret is never here: the OS keychain (desktop) or the environment (web host, CLI). */
export const PacsConnectionSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().min(1).max(200),
  qidoUrl: z.string().min(1).max(2000),
  wadoUrl: z.string().min(1).max(2000),
  stowUrl: z.string().min(1).max(2000),
  auth: z.enum(['none', 'basic', 'bearer']).default('none'),
});
export type PacsConnection = z.infer<typeof PacsConnectionSchema>;

export const Settings = z.object({
  defaultStyle: Style.default(DEFAULT_STYLE),
  journal: z.string().max(64).default('custom'),
  exportDpi: z.number().min(30).max(2400).default(600),
  exportFormat: z.enum(['png', 'tiff', 'jpeg', 'pdf', 'svg']).default('png'),
  microscopeProfiles: z.array(MicroscopeProfileSchema).max(200).nullable().default(null),
  theme: z.enum(['dark', 'light']).default('dark'),
  pacsConnections: z.array(PacsConnectionSchema).max(20).default([]),
  /** The unit last typed for a reference line, by kind of image (reference-input.ts). */
  referenceUnits: z.partialRecord(z.enum(['micrograph', 'radiograph', 'photo']), z.enum(['nm', 'µm', 'mm', 'cm', 'm', 'in'])).default({}),
});
export type Settings = z.infer<typeof Settings>;
