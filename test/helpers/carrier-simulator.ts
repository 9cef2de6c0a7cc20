// The carrier simulator is product code (`switchboard simulate` and `demo` ship it); tests use it as is.
export { ANY_CALL, CarrierSimulator, HOLD, SMS, type CarrierOptions, type ReceivedCommand, type UndeliveredWebhook } from '../../simulator/carrier-simulator.ts';
