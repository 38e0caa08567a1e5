/** The database's one error class, apart from the driver so the CLI can recognise it without loading a driver. */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}
