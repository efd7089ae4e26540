// Where a webhook may point. PlanetScale insists on https:// to a host on the internet; a local
// stand-in also has to reach receivers on the same machine, so LocalScale accepts https:// to any
// host and http:// to a loopback address only.
export type UrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

const loopbackHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]';

export function checkWebhookUrl(raw: string): UrlCheck {
  let url: URL;
  try { url = new URL(raw); } catch { return { ok: false, message: 'url is not a valid URL' }; }
  if (url.username || url.password) return { ok: false, message: 'url must not contain credentials' };
  if (url.protocol === 'https:') return { ok: true, url: url.toString() };
  if (url.protocol === 'http:' && loopbackHost(url.hostname.toLowerCase())) return { ok: true, url: url.toString() };
  return { ok: false, message: 'url must use https:// (LocalScale also accepts http:// to a loopback address such as 127.0.0.1 or localhost)' };
}
