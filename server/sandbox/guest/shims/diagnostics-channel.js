// router publishes to diagnostics channels when Node has them; the guest has none, so it never traces.
export const tracingChannel = undefined;
export default { tracingChannel };
