/**
 * Ports: the interfaces core defines and adapters implement. Core never imports an adapter; the composition
 * root (bots/main) wires concrete ones in.
 */

/** Whether the store can answer now; /healthz reports it. */
export interface HealthCheck {
  ping(): Promise<void>;
}
