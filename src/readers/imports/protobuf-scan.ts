/**
 * A forward walk over the protobuf wire format that reads a message from a byte source by parts
 * (a Buffer, or a file read at offsets), so that the fields a reader does not need are stepped
 * over by their length without being read. Hand-written because protobufjs decodes whole
 * messages from one in-memory buffer: an ONNX model's weights (gigabytes of packed floats inside
 * the graph) would have to be loaded and decoded to reach the graph's inputs. The small messages
 * a reader does want are handed to protobufjs (see `bytes`).
 */
import { InputError } from '../../core/errors.js';
import { fsErrorWords } from '../files.js';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Random access to bytes. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer only when the source ended early); may share memory with the source. */
  read(offset: number, length: number): Buffer;
  /** Fill `target` from `offset` (fewer bytes only at the end); the number of bytes read. For sources that copy. */
  readInto?(target: Buffer, offset: number): number;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { size: buf.length, read: (offset, length) => buf.subarray(offset, offset + length) };
}

/** What a file is when it is not a regular file, for messages. */
function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export class NotRegularFileError extends Error {}

/** An error opening a file, in words for a message. */
export function openFailure(err: unknown): string {
  if (err instanceof NotRegularFileError) return `it is ${err.message}, not a regular file`;
  // In words, as every other file error ("no such file", "permission denied").
  return fsErrorWords(err);
}

/** A regular file on disk, read at offsets (synchronously: the walk is a loop of small reads). */
export class FileSource implements ByteSource {
  private constructor(
    private fd: number | null,
    readonly size: number,
  ) {}

  /**
   * Open `file` for reading. Throws NotRegularFileError for a directory, device or pipe (opened
   * without blocking, so a named pipe with no writer does not stall), else Node's own error.
   */
  static open(file: string): FileSource {
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new NotRegularFileError(kindOf(stat));
      return new FileSource(fd, stat.size);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  read(offset: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    const got = this.readInto(out, offset);
    return got < length ? out.subarray(0, got) : out;
  }

  readInto(target: Buffer, offset: number): number {
    if (this.fd === null) throw new Error('the file is closed');
    let got = 0;
    while (got < target.length) {
      const n = readSync(this.fd, target, got, target.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** The bytes are not the protobuf message they should be (the message says where). */
export class WireError extends Error {}

/** Groups (a deprecated wire type no ONNX writer uses) nested deeper than this are refused. */
const MAX_GROUP_DEPTH = 64;
const EMPTY = Buffer.alloc(0);

/**
 * A cursor over a source. Reads go through a window of `chunk` bytes, so a walk that steps over
 * large fields touches only the bytes around the fields' headers.
 */
export class WireScanner {
  pos = 0;
  private window: Buffer = EMPTY;
  private windowAt = 0;
  /** One buffer refilled for every window, when the source copies (no garbage per read). */
  private readonly spare: Buffer | undefined;

  constructor(
    readonly source: ByteSource,
    private readonly chunk = 64 * 1024,
  ) {
    if (source.readInto) this.spare = Buffer.allocUnsafe(chunk);
  }

  private ended(what: string): WireError {
    return new WireError(`the file ends inside ${what} (at byte ${this.pos} of ${this.source.size})`);
  }

  private byte(): number {
    let i = this.pos - this.windowAt;
    if (i < 0 || i >= this.window.length) {
      if (this.pos >= this.source.size) throw this.ended('a field');
      const length = Math.min(this.chunk, this.source.size - this.pos);
      this.window = this.spare
        ? this.spare.subarray(0, this.source.readInto!(this.spare.subarray(0, length), this.pos))
        : this.source.read(this.pos, length);
      this.windowAt = this.pos;
      i = 0;
      if (this.window.length === 0) throw this.ended('a field');
    }
    this.pos++;
    return this.window[i]!;
  }

  /** An unsigned varint as a number: exact up to 2^53, which is more than any length or count in a file. */
  varint(): number {
    const at = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new WireError(`a varint at byte ${at} is longer than 10 bytes`);
  }

  /** A varint read as protobuf's int64 (two's complement in 64 bits). */
  int64(): bigint {
    const at = this.pos;
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return BigInt.asIntN(64, value);
    }
    throw new WireError(`a varint at byte ${at} is longer than 10 bytes`);
  }

  /** Step over `n` bytes, which must end by `end`. */
  advance(n: number, end: number): void {
    if (n > end - this.pos) {
      throw end === this.source.size
        ? this.ended(`a field of ${n} bytes`)
        : new WireError(`a field of ${n} bytes at byte ${this.pos} runs past the end of its message (byte ${end})`);
    }
    this.pos += n;
  }

  /**
   * The `n` bytes at the cursor, for a small message to decode with protobufjs: a view, valid until
   * the next read. The caller bounds `n`.
   */
  bytes(n: number, end: number): Buffer {
    const at = this.pos;
    this.advance(n, end);
    const i = at - this.windowAt;
    if (i >= 0 && i + n <= this.window.length) return this.window.subarray(i, i + n);
    const out = this.source.read(at, n);
    if (out.length !== n) throw this.ended(`a field of ${n} bytes`);
    return out;
  }

  /** After the tag of a length-delimited field: the field's end (its length checked against `end`). */
  lengthDelimitedEnd(end: number): number {
    const n = this.varint();
    const at = this.pos;
    this.advance(n, end);
    this.pos = at;
    return at + n;
  }

  /** Step over the value of a field of wire type `wire` (the tag already read). */
  skip(wire: number, end: number, depth = 0): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8, end);
        return;
      case 2:
        this.advance(this.varint(), end);
        return;
      case 3: {
        if (depth >= MAX_GROUP_DEPTH) throw new WireError(`groups nested more than ${MAX_GROUP_DEPTH} deep at byte ${this.pos}`);
        for (;;) {
          if (this.pos >= end) throw new WireError(`a group is not closed by byte ${end}`);
          const tag = this.varint();
          if (tag % 8 === 4) return;
          this.skip(tag % 8, end, depth + 1);
        }
      }
      case 5:
        this.advance(4, end);
        return;
      default:
        throw new WireError(`invalid wire type ${wire} at byte ${this.pos}`);
    }
  }

  /**
   * Visit each field of the message that ends at `end`: `visit(field, wire)` reads the value of a
   * field it wants (leaving the cursor after it) and returns true; any other field is stepped over.
   */
  fields(end: number, visit: (field: number, wire: number) => boolean): void {
    while (this.pos < end) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (!visit(field, wire)) this.skip(wire, end);
      if (this.pos > end) throw new WireError(`a field runs past the end of its message (byte ${end})`);
    }
  }
}

/** The first `n` bytes of the regular file at `file` (all of it when shorter); throws like FileSource.open. */
export function readHead(file: string, n: number): Buffer {
  const source = FileSource.open(file);
  try {
    return source.read(0, Math.min(n, source.size));
  } finally {
    source.close();
  }
}

/**
 * A reader's allowance for the metadata it keeps from a file (tensor entries, names, tags): a
 * function to call with the bytes of each entry kept, which refuses the file, naming `what` was
 * listed, once more than `maxEntries` entries or `maxBytes` bytes are kept.
 */
export function metadataBudget(file: string, maxEntries: number, maxBytes: number, what: string): (bytes: number) => void {
  let kept = 0;
  let entries = 0;
  return (bytes) => {
    kept += bytes;
    if (++entries > maxEntries || kept > maxBytes)
      throw new InputError(file, `${what} (at most ${maxEntries} entries and ${maxBytes / 1024 / 1024} MiB of them)`);
  };
}
