/**
 * Places widgets on the dashboard's 24-column grid row by row: each row has one height, its
 * widgets sit left to right with the widths given. Rows keep the dashboard readable top-down
 * (the question an on-call engineer asks first at the top) and make the layout sketch in
 * docs/observability.md exact.
 */
import type { AlarmStatusWidget, DashboardWidget, MetricWidget, TextWidget, WidgetPlacement } from './dashboard-body';

export const GRID_COLUMNS = 24;

/** A widget before it has a place: type and properties only. */
export type WidgetContent =
  | Omit<MetricWidget, keyof WidgetPlacement>
  | Omit<TextWidget, keyof WidgetPlacement>
  | Omit<AlarmStatusWidget, keyof WidgetPlacement>;

export interface GridCell {
  /** Columns, 1-24. */
  readonly width: number;
  readonly widget: WidgetContent;
}

export interface GridRow {
  /** Grid units, 1-1000. */
  readonly height: number;
  readonly cells: readonly GridCell[];
}

export function layoutRows(rows: readonly GridRow[]): DashboardWidget[] {
  const widgets: DashboardWidget[] = [];
  let y = 0;
  rows.forEach((row, r) => {
    if (!Number.isInteger(row.height) || row.height < 1 || row.height > 1000) throw new Error(`dashboard row ${r}: height must be a whole number from 1 to 1000, got ${row.height}`);
    let x = 0;
    for (const cell of row.cells) {
      if (!Number.isInteger(cell.width) || cell.width < 1 || x + cell.width > GRID_COLUMNS) {
        throw new Error(`dashboard row ${r}: widths ${row.cells.map((c) => c.width).join(' + ')} do not fit the ${GRID_COLUMNS}-column grid`);
      }
      // Placement first, then properties: the order the console writes, easier to read in a plan.
      widgets.push({ type: cell.widget.type, x, y, width: cell.width, height: row.height, properties: cell.widget.properties } as DashboardWidget);
      x += cell.width;
    }
    y += row.height;
  });
  return widgets;
}
