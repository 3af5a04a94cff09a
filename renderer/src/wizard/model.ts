// The wizard's values, gates and rules live in shared/wizard (pure, unit-tested); the steps import them from here.
export * from '../../../shared/wizard/values';
export * from '../../../shared/wizard/gates';
