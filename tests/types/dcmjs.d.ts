// dcmjs ships no type declarations; the tests use its reader/writer only.
declare module 'dcmjs' {
  const dcmjs: {
    data: any;
  };
  export default dcmjs;
}
