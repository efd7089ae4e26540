// Errors a caller may want to tell apart: "nothing to run" is a setup problem the user fixes once,
// a start failure carries the server's own explanation (the tail of its error log).

const INSTALL_HINT = [
  'LocalScale needs a MySQL-compatible server binary (MariaDB >= 10.6 or MySQL 8.x) to run its embedded database.',
  'Install one of:',
  '  Debian/Ubuntu:  sudo apt-get install -y mariadb-server',
  '  Fedora/RHEL:    sudo dnf install -y mariadb-server',
  '  macOS:          brew install mariadb        (or: brew install mysql@8.4)',
  'or point LocalScale at a server binary with LOCALSCALE_MYSQLD=/path/to/mariadbd,',
  'or use an existing server instead: --mysql-url mysql://user:password@host:3306/',
].join('\n');

export class MysqlNotInstalledError extends Error {
  override readonly name = 'MysqlNotInstalledError';
  /** The first line only: what was searched or rejected, without the install instructions. */
  readonly detail: string;

  constructor(detail: string) {
    super(`${detail}\n${INSTALL_HINT}`);
    this.detail = detail;
  }
}

export class MysqlStartError extends Error {
  override readonly name = 'MysqlStartError';
  /** Last lines the server wrote to its error log during this attempt (may be empty). */
  readonly logTail: string;
  /** The server could not bind its port: a caller that picked the port itself may retry with another. */
  readonly portInUse: boolean;

  constructor(message: string, logTail: string) {
    super(logTail ? `${message}\n--- mysqld error log (tail) ---\n${logTail}` : message);
    this.logTail = logTail;
    this.portInUse = /Address already in use|Bind on TCP\/IP port/i.test(logTail);
  }
}
