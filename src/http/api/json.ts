/**
 * Engine values as the API sends them: Dates become ISO text, as JSON.stringify writes them
 * (Date.prototype.toJSON). `plain` changes only the type, so a response is serialized once,
 * by c.json, and the type checker still holds the value to its response schema.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Jsonified<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Jsonified<T[K]> }
      : T;

export function plain<T>(value: T): Jsonified<T> {
  return value as unknown as Jsonified<T>;
}
