/**
 * The fake Slack's files API, as Slack documents the upload in three steps: files.getUploadURLExternal (filename and
 * length; answers an upload_url and a file_id), a POST of the bytes to that URL (raw, or a multipart form), then
 * files.completeUploadExternal (files: [{id, title}], and optionally channel_id and thread_ts) which shares them.
 * Each step needs files:write. A file is kept with what each step said, so tests can check the whole shape.
 */
export interface FakeFileUpload {
  id: string;
  filename: string;
  /** what getUploadURLExternal was told, and what arrived */
  length: number;
  altText: string | null;
  data: Buffer | null;
  contentType: string | null;
  /** set by completeUploadExternal */
  completed: boolean;
  title: string | null;
  channel: string | null;
  threadTs: string | null;
}

type Body = Record<string, unknown>;

export class FakeSlackFiles {
  readonly uploads = new Map<string, FakeFileUpload>();
  private next = 0;

  constructor(private readonly base: () => string) {}

  /** The uploads completed and shared, oldest first. */
  shared(): FakeFileUpload[] {
    return [...this.uploads.values()].filter((f) => f.completed);
  }

  getUploadURL(params: Record<string, string>, granted: string[]): Body {
    if (!granted.includes('files:write')) return missingScope(granted);
    const length = Number(params.length);
    if (!params.filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    const id = `F${String(++this.next).padStart(8, '0')}`;
    this.uploads.set(id, { id, filename: params.filename, length, altText: params.alt_text ?? null, data: null, contentType: null, completed: false, title: null, channel: null, threadTs: null });
    return { ok: true, upload_url: `${this.base()}/upload/${id}`, file_id: id };
  }

  /** The bytes: raw, or the file in a multipart form (as @slack/web-api sends them). */
  async upload(id: string, raw: Buffer, contentType: string): Promise<{ status: number; body: string }> {
    const file = this.uploads.get(id);
    if (!file) return { status: 404, body: 'not found' };
    let data = raw;
    let type = contentType;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      if (!part || typeof part === 'string') return { status: 400, body: 'no file in the form' };
      data = Buffer.from(await part.arrayBuffer());
      type = part.type;
    }
    file.data = data;
    file.contentType = type;
    return { status: 200, body: `OK - ${data.length}` };
  }

  complete(params: Record<string, string>, granted: string[]): Body {
    if (!granted.includes('files:write')) return missingScope(granted);
    let list: Array<{ id?: string; title?: string }>;
    try {
      list = JSON.parse(params.files ?? '') as typeof list;
    } catch {
      return { ok: false, error: 'invalid_arguments' };
    }
    if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
    const files = list.map((f) => this.uploads.get(f.id ?? ''));
    // a file whose bytes never arrived, or whose size differs from what was announced, is not shared
    if (files.some((f) => !f || !f.data || f.data.length !== f.length)) return { ok: false, error: 'file_not_found' };
    if (params.thread_ts && !params.channel_id) return { ok: false, error: 'invalid_arguments' };
    for (const [i, file] of files.entries()) {
      Object.assign(file!, { completed: true, title: list[i]!.title ?? file!.filename, channel: params.channel_id ?? null, threadTs: params.thread_ts ?? null });
    }
    return { ok: true, files: files.map((f) => ({ id: f!.id, title: f!.title, name: f!.filename })) };
  }
}

function missingScope(granted: string[]): Body {
  return { ok: false, error: 'missing_scope', needed: 'files:write', provided: granted.join(',') };
}
