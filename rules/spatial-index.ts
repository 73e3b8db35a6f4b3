/**
 * An R-tree (rbush) over lon/lat boxes that knows longitude wraps, with a grid of cells in front
 * of it. Each box is stored with its west side in [-180, 180), so a box crossing the antimeridian
 * sticks out past 180; a search looks at the box asked for and at its copies one turn east and
 * west where they can meet one.
 *
 * A search of the tree costs a microsecond or more whatever it finds, which is most of a
 * membership query; so each grid cell keeps the list of boxes meeting it, asked of the tree the
 * first time a query falls in the cell, and small searches read those lists instead.
 */
import RBush from 'rbush';

import { normalizeLonDeg } from './geodesy.js';

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Searches covering more grid cells than this go to the tree directly. */
const MAX_GRID_CELLS = 16;
/** The grid forgets its cells past this many, so a long voyage cannot grow it without bound. */
const MAX_CACHED_CELLS = 100_000;
/** Entries per tree node; 16 searched slightly faster than rbush's 9 on the CCZ benchmark. */
const NODE_SIZE = 16;

interface TreeItem extends Box {
  id: number;
}

/** A grid cell: the ids of the boxes meeting it, and their corners packed for a quick scan. */
interface Cell {
  ids: Int32Array;
  /** minX, minY, maxX, maxY of each box in turn. */
  boxes: Float64Array;
}

/**
 * A static index of boxes in degrees (x longitude, y latitude). Searches answer with ids: the
 * positions of the boxes in the array the index was built from.
 */
export class LonLatIndex {
  readonly #tree: RBush<TreeItem>;
  /** The easternmost edge of any box: searches one turn east are needed only below it. */
  readonly #maxX: number;
  readonly #cellDeg: number;
  readonly #columns: number;
  readonly #rows: number;
  readonly #cells = new Map<number, Cell>();
  /** Per id, the search that last visited it: a box listed in several cells is visited once. */
  readonly #seen: Float64Array;
  #search = 0;

  /** Indexes the boxes, with grid cells `cellDeg` degrees wide (360 a whole multiple of it). */
  constructor(boxes: readonly Box[], cellDeg: number) {
    // each box is kept with its west side in [-180, 180)
    const items = boxes.map((box, id): TreeItem => {
      const shift = normalizeLonDeg(box.minX) - box.minX;
      return { minX: box.minX + shift, minY: box.minY, maxX: box.maxX + shift, maxY: box.maxY, id };
    });
    this.#tree = new RBush<TreeItem>(NODE_SIZE).load(items);
    this.#maxX = items.reduce((max, item) => Math.max(max, item.maxX), -Infinity);
    this.#cellDeg = cellDeg;
    this.#columns = Math.round(360 / cellDeg);
    this.#rows = Math.round(180 / cellDeg);
    this.#seen = new Float64Array(boxes.length);
  }

  /**
   * Ids of the boxes meeting the box from (westX, minY) to (eastX, maxY), at most a turn wide,
   * or any copy of it whole turns east or west. An id may come back twice only from a search a
   * turn wide.
   */
  search(westX: number, minY: number, eastX: number, maxY: number): number[] {
    // with both west sides in [-180, 180), only the copies one turn either way can meet
    const minX = normalizeLonDeg(westX);
    const maxX = eastX + (minX - westX);
    const found = this.#tree.search({ minX, minY, maxX, maxY });
    if (minX + 360 <= this.#maxX) {
      found.push(...this.#tree.search({ minX: minX + 360, minY, maxX: maxX + 360, maxY }));
    }
    if (maxX > 180) {
      found.push(...this.#tree.search({ minX: minX - 360, minY, maxX: maxX - 360, maxY }));
    }
    return found.map((item) => item.id);
  }

  /** Ids of the boxes containing a point; any longitude. */
  searchPoint(latDeg: number, lonDeg: number): number[] {
    const lon = normalizeLonDeg(lonDeg);
    const cell = this.#cell(Math.floor((lon + 180) / this.#cellDeg), this.#row(latDeg));
    const found: number[] = [];
    for (let i = 0; i < cell.ids.length; i++) {
      if (cellBoxMeets(cell.boxes, i, lon, latDeg, lon, latDeg)) found.push(cell.ids[i] as number);
    }
    return found;
  }

  /** Calls `visit` once with the id of each box meeting the box ±dLat, ±dLon around a point. */
  visitAround(
    latDeg: number,
    lonDeg: number,
    dLat: number,
    dLon: number,
    visit: (id: number) => void,
  ): void {
    const lon = normalizeLonDeg(lonDeg);
    const west = lon - dLon;
    const east = lon + dLon;
    const south = latDeg - dLat;
    const north = latDeg + dLat;
    const x0 = Math.floor((west + 180) / this.#cellDeg);
    const x1 = Math.floor((east + 180) / this.#cellDeg);
    const y0 = this.#row(south);
    const y1 = this.#row(north);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_GRID_CELLS) {
      for (const id of new Set(this.search(west, south, east, north))) visit(id);
      return;
    }

    // columns past either end of the row wrap round to the other
    const mark = ++this.#search;
    const several = x1 > x0 || y1 > y0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const cell = this.#cell((x + this.#columns) % this.#columns, y);
        for (let i = 0; i < cell.ids.length; i++) {
          if (!cellBoxMeets(cell.boxes, i, west, south, east, north)) continue;
          const id = cell.ids[i] as number;
          if (several) {
            if (this.#seen[id] === mark) continue;
            this.#seen[id] = mark;
          }
          visit(id);
        }
      }
    }
  }

  #row(latDeg: number): number {
    const lat = Math.min(90, Math.max(-90, latDeg));
    return Math.min(this.#rows - 1, Math.floor((lat + 90) / this.#cellDeg));
  }

  /** Grid cell (x, y), filled from the tree the first time. */
  #cell(x: number, y: number): Cell {
    const key = y * this.#columns + x;
    let cell = this.#cells.get(key);
    if (cell === undefined) {
      if (this.#cells.size >= MAX_CACHED_CELLS) this.#cells.clear();
      const west = x * this.#cellDeg - 180;
      const south = y * this.#cellDeg - 90;
      cell = this.#fill(west, south, west + this.#cellDeg, south + this.#cellDeg);
      this.#cells.set(key, cell);
    }
    return cell;
  }

  #fill(west: number, south: number, east: number, north: number): Cell {
    const minX = normalizeLonDeg(west);
    const shift = minX - west;
    const items = this.#tree.search({ minX, minY: south, maxX: east + shift, maxY: north });
    if (minX + 360 <= this.#maxX) {
      const box = { minX: minX + 360, minY: south, maxX: east + shift + 360, maxY: north };
      items.push(...this.#tree.search(box));
    }
    const boxes = new Float64Array(items.length * 4);
    items.forEach((item, i) => boxes.set([item.minX, item.minY, item.maxX, item.maxY], i * 4));
    return { ids: Int32Array.from(items, (item) => item.id), boxes };
  }
}

/** Does box i of a cell, or its copy a turn east or west, meet the box from west to east? */
function cellBoxMeets(
  boxes: Float64Array,
  i: number,
  west: number,
  south: number,
  east: number,
  north: number,
): boolean {
  const minX = boxes[4 * i] as number;
  const minY = boxes[4 * i + 1] as number;
  const maxX = boxes[4 * i + 2] as number;
  const maxY = boxes[4 * i + 3] as number;
  if (minY > north || maxY < south) return false;
  if (minX <= east && maxX >= west) return true;
  if (minX <= east + 360 && maxX >= west + 360) return true;
  return minX <= east - 360 && maxX >= west - 360;
}
