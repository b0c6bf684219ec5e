// Response shapes for the honesty check: every field path in a JSON document
// with the JSON types seen there. Array elements are merged into one shape
// (`path[]`), so a list is described by all of its elements together; fields
// whose keys are data rather than schema (labels, options, maps keyed by
// name) are merged under `*`.

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
export type Shape = Map<string, Set<JsonType>>;

// Objects whose keys are data: labels, driver options, registries, runtimes, event attributes.
const MAP_FIELDS = new Set(['Labels', 'Options', 'IndexConfigs', 'Runtimes', 'Attributes', 'DriverOpts']);

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'boolean' || type === 'number' || type === 'string') return type;
  return 'object';
}

export function shapeOf(value: unknown, path = '$', shape: Shape = new Map()): Shape {
  const type = typeOf(value);
  let types = shape.get(path);
  if (!types) shape.set(path, (types = new Set()));
  types.add(type);
  if (type === 'array') for (const element of value as unknown[]) shapeOf(element, `${path}[]`, shape);
  if (type === 'object') {
    const asMap = MAP_FIELDS.has(path.slice(path.lastIndexOf('.') + 1));
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) shapeOf(child, `${path}.${asMap ? '*' : key}`, shape);
  }
  return shape;
}

export interface ShapeDifference {
  /** Paths the real engine sends that the simulator never does. */
  missing: string[];
  /** Paths both send, where the real engine uses a JSON type the simulator never does. */
  mistyped: string[];
  /** Paths only the simulator sends (informational: newer engines send more). */
  extra: string[];
}

export function compareShapes(real: Shape, simulated: Shape): ShapeDifference {
  const missingPaths: string[] = [];
  const missing: string[] = [];
  const mistyped: string[] = [];
  for (const [path, realTypes] of real) {
    const simulatedTypes = simulated.get(path);
    if (!simulatedTypes) {
      // Reported once per subtree: its children are necessarily missing too.
      if (!missingPaths.some(parent => path.startsWith(parent + '.') || path.startsWith(parent + '['))) {
        missingPaths.push(path);
        missing.push(`${path} (${[...realTypes].join('|')})`);
      }
      continue;
    }
    // A real null only says the field exists; its type is unknown.
    for (const type of realTypes) {
      if (type !== 'null' && !simulatedTypes.has(type)) mistyped.push(`${path}: real ${[...realTypes].join('|')}, simulator ${[...simulatedTypes].join('|')}`);
    }
  }
  const extra = [...simulated.keys()].filter(path => !real.has(path));
  return {missing, mistyped: [...new Set(mistyped)], extra};
}
