export * from './diff';
export * from './history';
export * from './report';
