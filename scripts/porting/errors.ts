/** A problem with the input file: the CLI prints the message (file and line named) and exits non-zero, having written nothing. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}
