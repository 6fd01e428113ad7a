/** Engine values as the API sends them: Dates become ISO text, as JSON.stringify writes them. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Jsonified<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Jsonified<T[K]> }
      : T;

export function plain<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}
