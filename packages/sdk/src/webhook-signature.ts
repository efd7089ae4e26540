// Checking a webhook delivery's `X-PlanetScale-Signature`: the hex SHA-256 HMAC of the raw request body,
// keyed by the webhook's secret. Web Crypto only, so it runs wherever the client does.

/** Whether `signature` is the hex HMAC-SHA256 of `body` (the raw bytes as received) under `secret`. */
export async function verifyWebhookSignature(body: string | Uint8Array, signature: string | null | undefined, secret: string): Promise<boolean> {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, typeof body === 'string' ? enc.encode(body) : new Uint8Array(body)));
  const given = signature.toLowerCase();
  let diff = 0;
  for (let i = 0; i < mac.length; i++) diff |= mac[i]! ^ parseInt(given.slice(i * 2, i * 2 + 2), 16);
  return diff === 0;
}
