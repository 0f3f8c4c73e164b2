/**
 * Input that cannot be read or is invalid. Every edge turns it into one line
 * (`file:line:column: message`) and exit code 2, never a stack trace.
 */
export class InputError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;

  constructor(file: string, message: string, place: { line?: number; column?: number; pointer?: string } = {}) {
    super(message);
    this.name = 'InputError';
    this.file = file;
    this.line = place.line;
    this.column = place.column;
    this.pointer = place.pointer;
  }

  /** `file:line:column: message (at /pointer)` */
  format(): string {
    let where = this.file;
    if (this.line !== undefined) where += `:${this.line}:${this.column ?? 1}`;
    const at = this.pointer !== undefined && this.pointer !== '' ? ` (at ${this.pointer})` : '';
    return `${where}: ${this.message}${at}`;
  }
}

/** Several input errors found together: reported all at once, still exit code 2. */
export class InputErrors extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((e) => e.format()).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** Wrong command-line usage: exit code 2 with the usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
