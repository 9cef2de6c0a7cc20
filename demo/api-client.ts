/** A thin JSON client of Switchboard's API, as any integration would call it. */
export interface ApiClient {
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** The same client acting with another key. */
  as(key: string): ApiClient;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function apiClient(baseUrl: string, key?: string): ApiClient {
  return {
    async request<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
      const headers: Record<string, string> = { ...extraHeaders };
      if (key) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      const parsed = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
      if (!response.ok) {
        const problem = parsed as { detail?: string; errors?: { path: string; message: string }[] };
        const fields = problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
        throw new ApiError(response.status, `${method} ${path} answered ${response.status}: ${problem.detail ?? text}${fields ? ` (${fields})` : ''}`);
      }
      return parsed as T;
    },
    as: (other) => apiClient(baseUrl, other),
  };
}
