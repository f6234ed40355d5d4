// The tool registry: a new tool is one module here plus its shape in src/scene/shapes.ts.
import type { Tool } from './types';
import { createSelectTool } from './select';
import { createTwoPointTool } from './two-point';
import { createBoxTool } from './box';
import { createTextTool } from './text';
import { createCalibrateTool } from './calibrate';

export function createTools(): Tool[] {
  return [
    createSelectTool(),
    createTwoPointTool('arrow', 'Arrow', 'A'),
    createTextTool(),
    createTwoPointTool('line', 'Line', 'L'),
    createBoxTool('rect', 'Rectangle', 'R'),
    createBoxTool('ellipse', 'Ellipse', 'E'),
    createTwoPointTool('measure-length', 'Measure', 'M'),
    createBoxTool('redaction', 'Redaction box', 'X'),
    createCalibrateTool(),
  ];
}

export type { Tool, ToolContext, PointerInfo, Draft } from './types';
