// The tool registry: a new tool is one module here plus its shape in src/scene/shapes.ts.
// Keys are shown in tooltips and the cheat sheet; the action list holds the same accelerators.
import type { Tool } from './types';
import { createSelectTool } from './select';
import { createTwoPointTool } from './two-point';
import { createBoxTool } from './box';
import { createTextTool } from './text';
import { createClickPointsTool } from './click-points';
import { createFreehandTool } from './freehand';
import { createPlaceTool } from './place';
import { createCalloutTool } from './callout';
import { createCalibrateTool } from './calibrate';
import { createCropTool } from './crop';
import { createStraightenTool } from './straighten';
import { createWindowLevelTool } from './window-level';
import { createArrangeTool } from './arrange';
import { createPageTool } from './page';

export function createTools(): Tool[] {
  return [
    createSelectTool(),
    createArrangeTool(),
    createTwoPointTool('arrow', 'Arrow', 'A', 'Drag from tail to head; shift snaps to 45°'),
    createTextTool(),
    createCalloutTool(),
    createPageTool(),
    createTwoPointTool('line', 'Line', 'L', 'Drag; shift snaps to 45°'),
    createBoxTool('rect', 'Rectangle', 'R', 'Drag; shift draws a square'),
    createBoxTool('ellipse', 'Ellipse', 'E', 'Drag; shift draws a circle'),
    createClickPointsTool('polygon', 'Polygon', 'P', 'Click points; click the first point, double click or Enter to close'),
    createFreehandTool(),
    createPlaceTool('marker', 'Marker', 'S', 'Click to place an asterisk, star or arrowhead (shape in this bar)'),
    createPlaceTool('number', 'Number', 'N', 'Click to place 1, 2, 3 … (next number on the panel)'),
    createTwoPointTool('measure-length', 'Measure', 'M', 'Drag a length: mm/µm when calibrated, px otherwise'),
    createClickPointsTool('measure-angle', 'Angle', 'Shift+M', 'Click arm, vertex, arm'),
    createClickPointsTool('measure-area', 'Area', 'Shift+P', 'Click the outline; click the first point or Enter to close'),
    createBoxTool('redaction', 'Redaction', 'X', 'Drag an opaque box, burned into every export'),
    createCalibrateTool(),
    createCropTool(),
    createStraightenTool(),
    createWindowLevelTool(),
  ];
}

export type { Tool, ToolContext, PointerInfo, Draft, Preview } from './types';
