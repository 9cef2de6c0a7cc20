// The carrier simulator is product code (`switchboard simulate` and `demo` ship it); tests use it as is.
export { CarrierSimulator, HOLD, SMS, type ReceivedCommand } from '../../simulator/carrier-simulator.ts';
