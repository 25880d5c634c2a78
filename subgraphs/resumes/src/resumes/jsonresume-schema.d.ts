// @jsonresume/schema ships CommonJS without types: validate() reports synchronously through its callback.
declare module '@jsonresume/schema' {
  interface ValidationError {
    path: (string | number)[];
    property: string;
    message: string;
  }
  const jsonResume: {
    validate(document: unknown, callback: (errors: ValidationError[] | null, valid: boolean) => void): void;
    schema: object;
  };
  export default jsonResume;
}
