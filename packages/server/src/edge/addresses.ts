// Where clients reach a running edge's HTTP database API: its own port, else the edge port when that
// serves HTTP too (http_detect_timeout); null when the API is off. One rule for the password
// presenter's http_access_host_url, the banner's order and the test helper's `http`.
export interface EdgePorts {
  readonly port: number;
  readonly http: { readonly onEdgePort: boolean; readonly port: number | null } | null;
}

export const httpApiPort = (edge: EdgePorts): number | null =>
  edge.http ? (edge.http.port ?? (edge.http.onEdgePort ? edge.port : null)) : null;
